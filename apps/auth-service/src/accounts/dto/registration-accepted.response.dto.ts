import { ApiProperty } from '@nestjs/swagger';

/** What POST /auth/register answers: the same whether or not the address already has an account (no id: it would tell). */
export class RegistrationAcceptedResponseDto {
  @ApiProperty({ enum: ['accepted'], example: 'accepted' })
  readonly status!: 'accepted';

  @ApiProperty({ example: 'If this address can be registered, a verification e-mail is on its way to it.' })
  readonly message!: string;
}
