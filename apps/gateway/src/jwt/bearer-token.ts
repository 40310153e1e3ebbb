const BEARER = /\s*[Bb]earer\s+(.+)/;

/**
 * The token of one header value as Kong's jwt plugin reads it (`ngx.re.find(value, "\\s*[Bb]earer\\s+(.+)", "jo")`
 * in kong/plugins/jwt/handler.lua): what follows the first "Bearer" or "bearer" and its whitespace.
 */
export function bearerToken(value: string): string | undefined {
  const match = BEARER.exec(value);
  return match === null || match[1] === '' ? undefined : match[1];
}
