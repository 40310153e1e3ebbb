/** What login and refresh answer (RFC 6749 §5.1 names, camel-cased like the rest of the API). */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  /** seconds until the access token expires */
  readonly expiresIn: number;
}

export const REFRESH_TOKEN_PREFIX = 'rt';
