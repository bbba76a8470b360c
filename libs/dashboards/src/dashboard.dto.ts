import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional, WindowBound } from '@app/core';

export class MeDashboardQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @Optional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class DashboardQuery extends MeDashboardQuery {
  @WindowBound('Start of the window (inclusive); default 90 days before `to`.')
  from?: string;

  @WindowBound('End of the window (exclusive); default now.')
  to?: string;
}

/** The network dashboard counts one whole calendar month that has ended; its bounds pick that month. */
export class NetworkDashboardQuery extends MeDashboardQuery {
  @WindowBound('Picks the month that starts here, or the first whole month after it. Default: the last month that has ended.')
  from?: string;

  @WindowBound('Picks the last whole month that ends by here (alone), or bounds `from`. Default: the last month that has ended.')
  to?: string;
}
