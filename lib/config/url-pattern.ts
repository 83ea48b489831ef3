/**
 * The one pattern of an http(s) URL a setting may hold (registry mirrors, the npm mirror, preset icons): host, optional
 * port and path, no credentials, spaces or quotes, since the value is written into scripts and Terraform strings.
 */
export const HTTP_URL_SOURCE = String.raw`https?:\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~/-]*)?`;

/** {@link HTTP_URL_SOURCE}, anchored. */
export const HTTP_URL_RE = new RegExp(`^${HTTP_URL_SOURCE}$`);

// The userinfo of a URL: everything between "scheme://" and the first '@' before the host's '/', '?' or '#'.
const USERINFO_RE = /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/?#@"']*)@/g;

/** Whether `url` carries credentials: a userinfo part (`user:password@`, or a token alone before '@'). `ssh://git@` is
 * git's user name, not a credential. */
export function hasUrlCredentials(url: string): boolean {
  return [...url.matchAll(USERINFO_RE)].some(([, scheme, userinfo]) => !isSshUser(scheme, userinfo));
}

/**
 * `text` with every URL's credentials replaced by `***` (the user name kept when a password follows it:
 * `https://deploy:***@host`; a lone token before '@' replaced whole: `https://***@host`). Applied to every config
 * error message, so no value with a secret is echoed into a terminal or a CI log.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO_RE, (whole, scheme: string, userinfo: string) => {
    if (isSshUser(scheme, userinfo)) return whole;
    const colon = userinfo.indexOf(":");
    return colon < 0 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
  });
}

// ssh://git@host: a plain user name without a password, the way git hosts are addressed over ssh.
const isSshUser = (scheme: string, userinfo: string) => /^ssh:\/\/$/i.test(scheme) && /^[A-Za-z0-9._-]+$/.test(userinfo);
