import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601 } from 'class-validator';
import { Optional } from '@app/core';

export class DashboardQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start of the window (inclusive); default 90 days before `to`. A date means 00:00 Europe/Berlin.',
  })
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the window (exclusive); default now.' })
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @Optional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class MeDashboardQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @Optional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
