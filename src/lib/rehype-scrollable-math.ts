// A rehype plugin that runs after KaTeX: every display equation becomes a labelled group that
// keyboard users can focus, so an equation wider than a phone can be scrolled with the arrow keys
// (a scrolling box nobody can focus is a serious axe finding, scrollable-region-focusable). The
// label is the equation's TeX, which is what KaTeX keeps for copy and paste.

interface Node {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

const hasClass = (node: Node, name: string) => {
  const c = node.properties?.className;
  return Array.isArray(c) && c.includes(name);
};

/** The TeX source KaTeX stored in the equation's MathML annotation, or '' if there is none. */
function texOf(node: Node): string {
  if (node.tagName === 'annotation' && node.properties?.encoding === 'application/x-tex')
    return (node.children ?? []).map((c) => c.value ?? '').join('');
  for (const child of node.children ?? []) {
    const tex = texOf(child);
    if (tex) return tex;
  }
  return '';
}

function visit(node: Node) {
  if (node.type === 'element' && hasClass(node, 'katex-display')) {
    const tex = texOf(node).replace(/\s+/g, ' ').trim();
    node.properties = { ...node.properties, tabIndex: 0, role: 'group', ariaLabel: tex ? `Equation: ${tex}` : 'Equation' };
    return;
  }
  node.children?.forEach(visit);
}

export function rehypeScrollableMath() {
  return (tree: Node) => visit(tree);
}
