export { GENESIS } from './chain.ts';
export { auditEntries, recordAudit, type VerifyResult, verifyAudit } from './log.ts';
export { AUDIT_KINDS, type AuditEntry, type AuditKind } from './model.ts';
export { auditSink } from './sink.ts';
