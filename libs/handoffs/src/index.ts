export {
  AcceptHandoffDto,
  CompleteHandoffDto,
  ConsentDto,
  CreateHandoffDto,
  DeclineHandoffDto,
  HandoffListQuery,
  HandoffPage,
  HandoffView,
  WithdrawHandoffDto,
} from './handoff.dto';
export { Handoff, type Consent } from './handoff.entity';
export * from './handoff-vocabulary';
export { HandoffsModule } from './handoffs.module';
export { HandoffsService } from './handoffs.service';
