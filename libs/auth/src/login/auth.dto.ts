import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '@app/core';
import { OrganisationView } from '@app/organisations';
import { StaffUserView } from '@app/counsellors';

export class LoginDto {
  @ApiProperty({ example: 'koordination@demo.leipzig.example' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

/** The policy (length, common passwords) is checked by the service, which names the rule broken. */
export class ChangePasswordDto {
  @ApiProperty({ format: 'password', description: 'The password the user signs in with now.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ format: 'password', description: '8 to 128 characters (15 or more recommended), not a commonly used password.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  newPassword!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

export class LogoutDto {
  @ApiPropertyOptional({
    description:
      "The client's refresh token, as many clients send it: its session is signed out too, if it is the same user's " +
      '(the session of the access token always is).',
  })
  @Optional()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken?: string;
}

export class MeView {
  @ApiProperty({ type: StaffUserView }) user!: StaffUserView;
  @ApiProperty({ type: OrganisationView }) organisation!: OrganisationView;
}

export class TokenPairView {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Opaque; usable once. Exchange it at /auth/refresh for a new pair.' }) refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires.' }) expiresIn!: number;
}

export class LoginView extends TokenPairView {
  @ApiProperty({ type: StaffUserView }) user!: StaffUserView;
}
