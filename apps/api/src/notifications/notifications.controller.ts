import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { idParam } from '@app/core';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, SignedIn } from '@app/auth';
import { NotificationPage, NotificationQuery, NotificationsService, NotificationView, ReadAllResult } from '@app/reminders';

@ApiTags('notifications')
@Controller('notifications')
@SignedIn()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your in-app inbox, newest first' })
  @ApiOkResponse({ type: NotificationPage })
  list(@CurrentActor() actor: Actor, @Query() query: NotificationQuery): Promise<NotificationPage> {
    return this.notifications.inbox(actor.userId, query);
  }

  @Post('read-all')
  @ApiOperation({ summary: 'Mark all your notifications read; answers how many were unread' })
  @HttpCode(200)
  @ApiOkResponse({ type: ReadAllResult })
  async readAll(@CurrentActor() actor: Actor): Promise<ReadAllResult> {
    return { marked: await this.notifications.markAllRead(actor.userId) };
  }

  @Post(':id/read')
  @ApiOperation({ summary: 'Mark one notification read' })
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationView })
  read(@CurrentActor() actor: Actor, @Param('id', idParam) id: string): Promise<NotificationView> {
    return this.notifications.markRead(actor.userId, id);
  }
}
