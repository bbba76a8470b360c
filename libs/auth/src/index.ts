export { Public, RequireRoles, SignedIn, CurrentActor, ACCESS_RULE, type AccessRule } from './access/access.decorators';
export { Actor } from './access/actor';
export { AuthModule } from './auth.module';
export { AuthRateLimit } from './login/auth-rate-limit.guard';
export { ChangePasswordDto, LoginDto, LoginView, LogoutDto, MeView, RefreshDto, TokenPairView } from './login/auth.dto';
export { AuthService } from './login/auth.service';
export { RefreshToken, Session } from './tokens/session.entity';
export { SessionService, type TokenPair } from './tokens/session.service';
export { purgeEndedSessions } from './tokens/session-purge';
