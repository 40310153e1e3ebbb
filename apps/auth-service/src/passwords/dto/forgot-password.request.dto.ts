import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ForgotPasswordRequestDto {
  @ApiProperty({ description: 'The account\'s e-mail address; the answer is the same whether it has an account or not.', maxLength: 254, example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  readonly email!: string;
}
