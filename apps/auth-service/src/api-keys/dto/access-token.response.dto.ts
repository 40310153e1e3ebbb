import { ApiProperty } from '@nestjs/swagger';

/** What POST /auth/token answers: a short access token for an API key, no refresh token. */
export class AccessTokenResponseDto {
  @ApiProperty({
    description: "JWT (RS256) whose `sid` is the API key (revoking the key ends it) and whose `scope` is the key's; never the admin role.",
    example: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjIwMjYxMjAxVDE3NDEwMFotM2Y5YTFjIn0.eyJzdWIiOiIwMTkzZjJhNC01YjZjLTdkOGUtOWYwMS0yMzQ1Njc4OWFiY2QifQ.c2lnbmF0dXJl',
  })
  readonly accessToken!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  readonly tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', type: 'integer', example: 300 })
  readonly expiresIn!: number;

  @ApiProperty({ description: "The key's scopes, space-separated (RFC 6749 §5.1): also the token's `scope` claim.", example: 'read write' })
  readonly scope!: string;
}
