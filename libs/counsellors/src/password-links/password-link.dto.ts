import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ForgotPasswordDto {
  @ApiProperty({ example: 'a.berger@beratung.example' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  email!: string;
}

/** The policy (length, common passwords) is checked by the service, which names the rule broken. */
export class SetPasswordDto {
  @ApiProperty({ description: 'The token from the e-mailed link (after `#token=`).' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ format: 'password', description: '8 to 128 characters (15 or more recommended), not a commonly used password.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  newPassword!: string;
}
