import { Body, Controller, Get, HttpCode, Patch, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  Actor,
  AuthRateLimit,
  AuthService,
  ChangePasswordDto,
  CurrentActor,
  LoginDto,
  LogoutDto,
  LoginView,
  MeView,
  Public,
  RefreshDto,
  SignedIn,
  TokenPairView,
} from '@app/auth';
import { ForgotPasswordDto, PasswordLinksService, SetPasswordDto, UpdateMySettingsDto } from '@app/counsellors';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordLinks: PasswordLinksService,
  ) {}

  @Post('auth/login')
  @Public()
  @UseGuards(AuthRateLimit)
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: LoginView })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password, or a deactivated account: the same answer for each.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this account or address; see Retry-After.' })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<LoginView> {
    return this.auth.login(body.email, body.password, request.ip);
  }

  @Post('auth/password/forgot')
  @Public()
  @UseGuards(AuthRateLimit)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a link to set a new password',
    description:
      'If the address belongs to an active account, a link that sets a new password once (valid 60 minutes) is e-mailed to it; ' +
      'at most one every 5 minutes. The answer is the same, and comes at once, whether or not the address has an account.',
  })
  @ApiAcceptedResponse({ description: 'Accepted; look in your mailbox.' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this address; see Retry-After.' })
  forgotPassword(@Body() body: ForgotPasswordDto): void {
    this.passwordLinks.requestReset(body.email);
  }

  @Post('auth/password/set')
  @Public()
  @UseGuards(AuthRateLimit)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a password with an e-mailed link (invitation or reset)',
    description:
      'The token is the part of the link after `#token=`. A link works once and until it expires; a used, expired or ' +
      'unknown one answers 400 naming `token`, a password that breaks the rules 400 naming `newPassword` (the link stays ' +
      'usable). Every session of the account ends; sign in with the new password.',
  })
  @ApiNoContentResponse({ description: 'The password is set.' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this address; see Retry-After.' })
  async setPassword(@Body() body: SetPasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.setPasswordWithLink(body.token, body.newPassword, request.ip);
  }

  @Post('auth/refresh')
  @Public()
  @UseGuards(AuthRateLimit)
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (the old one is spent; reuse signs the session out)' })
  @ApiOkResponse({ type: TokenPairView })
  @ApiUnauthorizedResponse({ description: 'The refresh token is invalid, expired or already used (a reuse signs the whole session out).' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this address; see Retry-After.' })
  refresh(@Body() body: RefreshDto, @Req() request: FastifyRequest): Promise<TokenPairView> {
    return this.auth.refresh(body.refreshToken, request.ip);
  }

  @Post('auth/logout')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revokes the session and its tokens' })
  @ApiNoContentResponse({ description: 'Signed out.' })
  @ApiBody({ type: LogoutDto, required: false })
  async logout(@CurrentActor() actor: Actor, @Body() body: LogoutDto, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.logout(actor, request.ip, body.refreshToken);
  }

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in user, their organisation and roles' })
  @ApiOkResponse({ type: MeView })
  me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.auth.me(actor);
  }

  @Patch('me')
  @SignedIn()
  @ApiOperation({
    summary: 'Change my own settings',
    description:
      'The language of my e-mails and, as a lead, how often my digest comes. Only the fields given change; an empty body changes nothing. ' +
      "The rest of an account is changed by its organisation's admin (PATCH /users/{id}), but one's own password (POST /me/password).",
  })
  @ApiBody({ type: UpdateMySettingsDto, required: false })
  @ApiOkResponse({ type: MeView })
  updateMySettings(@CurrentActor() actor: Actor, @Body() body: UpdateMySettingsDto): Promise<MeView> {
    return this.auth.updateMySettings(actor, body);
  }

  @Post('me/password')
  @SignedIn()
  @UseGuards(AuthRateLimit)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change my own password',
    description:
      'Needs the current password (400 naming `currentPassword` when wrong; wrong guesses count towards the sign-in lockout, 429). The new one follows the password rules (400 naming `newPassword`). Every other session of the user ends; this one goes on.',
  })
  @ApiNoContentResponse({ description: 'The password is changed.' })
  @ApiConflictResponse({ description: 'The password was changed meanwhile (by an admin or another session); sign in again.' })
  @ApiTooManyRequestsResponse({
    description: 'Too many wrong current passwords for this account, or requests from this address; see Retry-After.',
  })
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.changePassword(actor, body, request.ip);
  }
}
