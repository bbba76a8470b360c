export { CounsellorsModule } from './counsellors.module';
export { PasswordHasher } from './passwords/password-hasher';
export { endUnusedPasswordLinks, tellPasswordChanged, type PasswordChangedBy } from './passwords/password-changed';
export { commonPasswordCount, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from './passwords/password-policy';
export { LEAD_DIGESTS, LOCALES, ROLES, type LeadDigest, type Locale, type Role } from './role';
export {
  CreateStaffUserDto,
  StaffUserListQuery,
  StaffUserPage,
  StaffUserView,
  UpdateMySettingsDto,
  UpdateStaffUserDto,
} from './staff-user.dto';
export { StaffUser } from './staff-user.entity';
export { StaffUsersService, type StaffActor } from './staff-users.service';
export { ForgotPasswordDto, SetPasswordDto } from './password-links/password-link.dto';
export { PASSWORD_LINK_PURPOSES, PasswordLink, type PasswordLinkPurpose } from './password-links/password-link.entity';
export { PASSWORD_LINK_LIFETIME_MS, PASSWORD_RESET_COOLDOWN_MS, PasswordLinksService } from './password-links/password-links.service';
