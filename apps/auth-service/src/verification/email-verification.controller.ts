import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Public } from '@taskhub/platform-auth';
import { DomainException, RateLimitedException } from '@taskhub/platform-errors';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { AuthServiceErrors } from '../auth.errors';
import { TOO_MANY_ATTEMPTS } from '../security/attempt-limiter';
import { ClientIp } from '../security/client-ip.decorator';
import { VerifyEmailRequestDto } from './dto/verify-email.request.dto';
import { EmailVerificationService, invalidVerificationToken } from './email-verification.service';

@ApiTags('accounts')
@Controller('auth/verify-email')
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  @Public()
  @Post()
  @HttpCode(204)
  @ApiOperation({
    summary: "Verify the account's e-mail address",
    description: 'With the single-use token of the verification e-mail; emits auth.user.email_verified.v1. Access tokens issued from then on carry `email_verified: true`.',
  })
  @ApiNoContentResponse({ description: 'The address is verified.' })
  @ApiErrorResponses(400, invalidVerificationToken(), new RateLimitedException('too many e-mail link attempts from this address, retry later', 3600, TOO_MANY_ATTEMPTS))
  verify(@Body() body: VerifyEmailRequestDto, @ClientIp() ip: string): Promise<void> {
    return this.verification.verify(body.token, ip);
  }

  @Post('resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the verification e-mail again', description: 'A new link; the older one stops working. Limited per account and hour.' })
  @ApiAcceptedResponse({ description: 'A new verification e-mail is on its way.' })
  @ApiErrorResponses(
    new DomainException(AuthServiceErrors.EMAIL_ALREADY_VERIFIED, 'the e-mail address of this account is already verified', 409),
    new RateLimitedException('too many verification e-mails for this account, retry later', 3600, TOO_MANY_ATTEMPTS),
  )
  resend(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.verification.resend(user);
  }
}
