import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
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

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
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
