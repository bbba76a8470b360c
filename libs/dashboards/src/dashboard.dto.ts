import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional, WindowBound } from '@app/core';

export class DashboardQuery {
  @WindowBound('Start of the window (inclusive); default 90 days before `to`.')
  from?: string;

  @WindowBound('End of the window (exclusive); default now.')
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
