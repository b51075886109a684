// The one base-aware link helper. Every internal href/src goes through `url()`, so the built site
// works from "/" and from a sub-path such as "/course/" (GitHub Pages).

/** Joins a base ("/" or "/course/") and a site path ("/about/", "chapters/01-neuron/", "#x"). */
export function joinBase(base: string, path: string): string {
  if (/^([a-z]+:|\/\/|#)/i.test(path)) return path; // external, protocol-relative or in-page
  const b = base.endsWith('/') ? base : `${base}/`;
  return b + path.replace(/^\/+/, '');
}

/** A link to a page or file of this site, with the configured base path in front. */
export const url = (path: string): string => joinBase(import.meta.env.BASE_URL, path);
