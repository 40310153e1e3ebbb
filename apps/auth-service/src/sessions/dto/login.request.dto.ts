import { IsString, MaxLength } from 'class-validator';

/** Not validated as an e-mail: a malformed one simply fails like a wrong password. */
export class LoginRequestDto {
  @IsString()
  @MaxLength(254)
  readonly email!: string;

  @IsString()
  @MaxLength(1024)
  readonly password!: string;
}
