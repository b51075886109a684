// A rehype plugin that runs after KaTeX: the boxes that scroll sideways on a narrow screen (display
// equations and tables, see src/styles/global.css) become focusable, so a keyboard user can scroll
// them with the arrow keys (a scrolling box nobody can focus is a serious axe finding,
// scrollable-region-focusable). Each equation becomes a group labelled by its TeX, which KaTeX
// keeps in the MathML for copy and paste; a table keeps its role.

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
  if (node.type === 'element' && node.tagName === 'table') node.properties = { ...node.properties, tabIndex: 0 };
  node.children?.forEach(visit);
}

export function rehypeScrollable() {
  return (tree: Node) => visit(tree);
}
