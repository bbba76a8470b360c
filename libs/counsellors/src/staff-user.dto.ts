import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CodeList, PageQuery, Text, Optional } from '@app/core';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords/password-policy';
import { LEAD_DIGESTS, LOCALES, ROLES, type LeadDigest, type Locale, type Role } from './role';

const LEAD_DIGEST_DESCRIPTION =
  "How often the digest of the organisation's referrals and follow-ups comes (in-app and by e-mail) while the person " +
  'is a lead; anyone may set it in advance. `daily` (default): each Saxony working day in the morning, the referrals ' +
  'waiting for an answer, how many are overdue, and the open cases to follow up by today (overdue ones included). ' +
  '`weekly`: once a week, on the first working day the digest job runs that week (normally Monday; chosen later in ' +
  'the week, on the next working day), the same with ' +
  'follow-ups due by Sunday, plus the week before in figures (referrals received, accepted and declined so far, ' +
  'cases opened and closed). `off`: none. Set by each person for themselves with PATCH /me.';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateStaffUserDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Coordinator only (required); an org admin always creates users of its own organisation. ' +
      "In an organisation other than its own, the coordinator may create users with the roles ['org_admin'] only.",
  })
  @Optional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ example: 'a.berger@beratung.example' })
  @Transform(lowerCase)
  @IsEmail()
  @MaxLength(200)
  email!: string;

  @Text({ required: true, min: 2, max: 120, example: 'A. Berger' })
  displayName!: string;

  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
    description:
      'Leave it out (recommended): the new user gets an e-mail invitation to set their own password, and nobody else ' +
      'knows it. Given, it is the initial password (15+ characters recommended; common passwords are refused). ' +
      'The coordinator may not give one in another organisation (403). Without one, 422 when no e-mail server is configured.',
  })
  @Optional()
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH * 4)
  password?: string;

  @ApiProperty({
    enum: ROLES,
    isArray: true,
    description:
      'Only the coordinator grants or removes `coordinator`. Outside its own organisation the coordinator may not grant ' +
      '`counsellor`, `lead` or `coordinator`, nor change the roles of a user holding one (403).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @CodeList({ description: 'ISO 639 codes of languages the person counsels in.' })
  languages?: string[];

  @CodeList({ description: 'Counselling domain codes the person works in.' })
  domains?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 500, default: 30, description: 'Open cases the person can carry.' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(500)
  caseCapacity?: number;

  @ApiPropertyOptional({ enum: LOCALES, default: 'de' })
  @Optional()
  @IsIn(LOCALES)
  preferredLocale?: Locale;
}

export class UpdateStaffUserDto extends PartialType(OmitType(CreateStaffUserDto, ['organisationId', 'email'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ description: 'false deactivates the account: it can no longer sign in, and its tokens stop working at once.' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

/** What a signed-in person sets for themselves (PATCH /me). */
export class UpdateMySettingsDto {
  @ApiPropertyOptional({ enum: LOCALES, description: 'The language of my e-mails.' })
  @Optional()
  @IsIn(LOCALES)
  preferredLocale?: Locale;

  @ApiPropertyOptional({ enum: LEAD_DIGESTS, description: LEAD_DIGEST_DESCRIPTION })
  @Optional()
  @IsIn(LEAD_DIGESTS)
  leadDigest?: LeadDigest;
}

export class StaffUserListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Coordinator only: users of this organisation.' })
  @Optional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @Optional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class StaffUserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) domains!: string[];
  @ApiProperty() caseCapacity!: number;
  @ApiProperty({ enum: LOCALES }) preferredLocale!: Locale;
  @ApiProperty({ enum: LEAD_DIGESTS, description: LEAD_DIGEST_DESCRIPTION }) leadDigest!: LeadDigest;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    description: 'false while an invited user has not yet set a password with their link (resend: POST /users/{id}/password-link)',
  })
  passwordSet!: boolean;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class StaffUserPage {
  @ApiProperty({ type: [StaffUserView] }) items!: StaffUserView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
