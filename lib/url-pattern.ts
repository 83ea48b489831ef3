/**
 * The one pattern of an http(s) URL a setting may hold (registry mirrors, the npm mirror, preset icons): host, optional
 * port and path, no credentials, spaces or quotes, since the value is written into scripts and Terraform strings.
 */
export const HTTP_URL_SOURCE = String.raw`https?:\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~/-]*)?`;

/** {@link HTTP_URL_SOURCE}, anchored. */
export const HTTP_URL_RE = new RegExp(`^${HTTP_URL_SOURCE}$`);
