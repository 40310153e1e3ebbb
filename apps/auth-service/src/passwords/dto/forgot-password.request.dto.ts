import { IsString, MaxLength } from 'class-validator';

export class ForgotPasswordRequestDto {
  @IsString()
  @MaxLength(254)
  readonly email!: string;
}
