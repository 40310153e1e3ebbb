import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@taskhub/platform-auth';
import { DomainException, ErrorCodes } from '@taskhub/platform-errors';
import { ApiErrorResponses, InvalidCursorException, type Page } from '@taskhub/platform-http';
import { type AccountView } from '../accounts/account';
import { AccountResponseDto } from '../accounts/dto/account.response.dto';
import { AuthServiceErrors } from '../auth.errors';
import { AdminAccountsService } from './admin-accounts.service';
import { AccountPageResponseDto } from './dto/account-page.response.dto';
import { ListAccountsQueryDto } from './dto/list-accounts.query.dto';

@ApiTags('admin')
@Controller('auth/accounts')
@Roles('admin')
export class AdminAccountsController {
  constructor(private readonly accounts: AdminAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'List accounts, newest first (admin)' })
  @ApiOkResponse({ type: AccountPageResponseDto })
  @ApiErrorResponses(400, new InvalidCursorException('other_query'))
  list(@Query() query: ListAccountsQueryDto): Promise<Page<AccountView>> {
    return this.accounts.list(query);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable an account (admin)',
    description: 'No more logins, refreshes or API-key exchanges; every session and API-key token ends at once; emits auth.user.disabled.v1. Idempotent.',
  })
  @ApiParam({ name: 'id', description: 'The account id.', format: 'uuid' })
  @ApiOkResponse({ type: AccountResponseDto, description: 'The account, disabled.' })
  @ApiErrorResponses(
    { status: 400, code: ErrorCodes.BAD_REQUEST, message: 'Validation failed (uuid is expected)' },
    new DomainException(AuthServiceErrors.ACCOUNT_NOT_FOUND, 'account 0193f2a4-5b6c-7d8e-9f01-23456789abcd not found', 404),
  )
  disable(@CurrentUser() admin: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AccountView> {
    return this.accounts.disable(id, admin);
  }
}
