import { ApiProperty } from '@nestjs/swagger';
import { type TokenPair } from '../token-pair';

/** What login and refresh answer (TokenPair). */
export class TokenPairResponseDto implements TokenPair {
  @ApiProperty({
    description: 'JWT (RS256): send it as `Authorization: Bearer <accessToken>`.',
    example: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjIwMjYxMjAxVDE3NDEwMFotM2Y5YTFjIn0.eyJzdWIiOiIwMTkzZjJhNC01YjZjLTdkOGUtOWYwMS0yMzQ1Njc4OWFiY2QifQ.c2lnbmF0dXJl',
  })
  readonly accessToken!: string;

  @ApiProperty({ description: 'Opaque, single use: POST /auth/refresh spends it for a new pair (one refresh at a time per session).', example: 'rt_WDrSzwS1t9KreO26jAnSDVxx6CwwRCJXoLsUkNOLRB4' })
  readonly refreshToken!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  readonly tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', type: 'integer', example: 900 })
  readonly expiresIn!: number;
}
