export { PermanentJobError, type JobContext, type JobHandler, type JobHandlers, type JobKindName, type JobLog, type JobPayload } from './kinds.js';
export { queueJob, type QueueJobRequest } from './queue.js';
export { jobClients, withJobTenant, type JobTenant } from './job-tenant.js';
export { publicReason, startWorker, type JobWorker, type SweepResult, type WorkerOptions } from './worker.js';
