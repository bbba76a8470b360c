import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequireRoles } from '@app/auth';
import { JobsHealthService, type FailedJob, type QueueState } from '@app/reminders';

class QueueStateView implements QueueState {
  @ApiProperty() name!: string;
  @ApiProperty() waiting!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() active!: number;
  @ApiProperty() failed!: number;
}

class FailedJobView implements FailedJob {
  @ApiProperty() queue!: string;
  @ApiProperty({ type: String, nullable: true }) jobId!: string | undefined;
  @ApiProperty() name!: string;
  @ApiProperty() attemptsMade!: number;
  @ApiProperty() failedReason!: string;
  @ApiProperty({ type: String, nullable: true }) failedAt!: string | null;
}

class JobsHealthView {
  @ApiProperty({ type: [QueueStateView] }) queues!: QueueStateView[];
  @ApiProperty({ type: [FailedJobView] }) recentFailures!: FailedJobView[];
  @ApiProperty({ description: 'Reminders still scheduled more than a minute after they were due.' }) overdueReminders!: number;
  @ApiProperty({ description: 'E-mails that gave up after their retries.' }) failedEmails!: number;
}

@ApiTags('administration')
@Controller('admin')
export class JobsController {
  constructor(private readonly jobs: JobsHealthService) {}

  @Get('jobs')
  @RequireRoles('coordinator')
  @ApiOperation({ summary: 'Background work: queue sizes, jobs that keep failing, overdue reminders' })
  @ApiOkResponse({ type: JobsHealthView })
  report(): Promise<JobsHealthView> {
    return this.jobs.report();
  }
}
