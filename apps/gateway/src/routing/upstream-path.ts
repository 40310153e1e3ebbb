/**
 * The path sent upstream, Kong's path_handling "v0" (kong/router/utils.lua): service.path (default "/") joined with
 * the request path, minus the matched route prefix when strip_path is true.
 */
export function upstreamPath(servicePath: string | undefined, requestPath: string, matchedPrefix: string | undefined, stripPath: boolean): string {
  const base = servicePath ?? '/';
  const strip = stripPath && matchedPrefix !== undefined;
  const postfix = strip ? requestPath.slice(matchedPrefix.length) : '';
  if (base.endsWith('/')) {
    if (strip) {
      if (postfix === '') {
        if (base === '/') return '/';
        return requestPath.endsWith('/') ? base : base.slice(0, -1);
      }
      return postfix.startsWith('/') ? base.slice(0, -1) + postfix : base + postfix;
    }
    return base + requestPath.slice(1);
  }
  if (strip) {
    if (postfix === '') return requestPath.length > 1 && requestPath.endsWith('/') ? `${base}/` : base;
    return postfix.startsWith('/') ? base + postfix : `${base}/${postfix}`;
  }
  return requestPath === '/' ? base : base + requestPath;
}

const UNRESERVED = /%(2[DdEe]|3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]|7[Ee])/g;

/**
 * Kong normalizes the path before routing (RFC 3986: percent-decoding of unreserved characters, dot-segment
 * removal, merged slashes). Most paths need none of it, so the common case returns the input unchanged.
 */
export function normalizePath(path: string): string {
  if (path.indexOf('%') === -1 && path.indexOf('/.') === -1 && path.indexOf('//') === -1) return path;
  const decoded = path.replace(UNRESERVED, (hex) => String.fromCharCode(parseInt(hex.slice(1), 16)));
  const out: string[] = [];
  const segments = decoded.split('/');
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (segment === '..') {
      out.pop();
      if (last) out.push('');
    } else if (segment === '.') {
      if (last) out.push('');
    } else if (segment !== '' || last) {
      out.push(segment);
    }
  }
  return `/${out.join('/')}`;
}
