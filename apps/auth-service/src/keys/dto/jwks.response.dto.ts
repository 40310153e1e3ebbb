import { ApiProperty } from '@nestjs/swagger';

/** One public key (RFC 7517). */
export class JwkDto {
  @ApiProperty({ example: 'RSA' })
  readonly kty!: string;

  @ApiProperty({ description: 'The `kid` of the tokens it verifies.', example: '20261201T174100Z-3f9a1c' })
  readonly kid!: string;

  @ApiProperty({ enum: ['sig'], example: 'sig' })
  readonly use!: 'sig';

  @ApiProperty({ enum: ['RS256'], example: 'RS256' })
  readonly alg!: 'RS256';

  @ApiProperty({ description: 'Modulus, base64url.', example: '17Cgik6O4P_uD4yI4L9YMkYWNTJqD08quB8uTHLvKgeZ1F9do5YH8mVjGA0Yl0y8oek4tKiMqWCmiew0z9i0uJxGcCBTD34GOisibHydH-olXisbmQf2I4I3BLPb2pZlqznKws2MdS_VM_j8ikmSgvLUZ3fFrH65cmVGF37n_3izxj9V7hFgbEWRWGq9zNKwpEV7qElXmuv5YZ_AXHDIZPK4IBvGEGoZ3bvPQUjCaekvxUjixv5-Djj5X4wUtLdPUR2AwCfR4s8rkjwox8qkqkqLvvoUoI6AHV6qM4ZQ52jfMezCwxzaW_cEhbZc8nucZWjIHVEAiMIN7UJgFsIOQw' })
  readonly n!: string;

  @ApiProperty({ description: 'Exponent, base64url.', example: 'AQAB' })
  readonly e!: string;
}

/** What GET /auth/.well-known/jwks.json answers: every key access tokens may be signed with. */
export class JwksResponseDto {
  @ApiProperty({ type: [JwkDto] })
  readonly keys!: JwkDto[];
}
