export { CounsellorsModule } from './counsellors.module';
export { PasswordHasher } from './passwords/password-hasher';
export { commonPasswordCount, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from './passwords/password-policy';
export { LOCALES, ROLES, type Locale, type Role } from './role';
export { CreateStaffUserDto, StaffUserListQuery, StaffUserPage, StaffUserView, UpdateStaffUserDto } from './staff-user.dto';
export { StaffUser } from './staff-user.entity';
export { StaffUsersService, type StaffActor } from './staff-users.service';
