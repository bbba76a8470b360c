export { AuditEntryView, AuditPage, AuditQuery } from './audit.dto';
export { AuditEntry, type AuditSubject } from './audit-entry.entity';
export { AuditModule } from './audit.module';
export { AuditService, type AuditReader, type AuditRecord } from './audit.service';
