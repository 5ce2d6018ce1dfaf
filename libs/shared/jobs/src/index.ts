export { PermanentJobError, type JobContext, type JobHandler, type JobHandlers, type JobKindName, type JobLog, type JobPayload, type RunLater } from './kinds.js';
export { queueJob, type QueueJobRequest } from './queue.js';
export { jobClients, withJobTenant, type JobTenant } from './job-tenant.js';
export { sizeHeapForJobs } from './worker-heap.js';
export { publicReason, startWorker, type JobWorker, type SweepResult, type WorkerOptions } from './worker.js';
export { JOB_VIEW_ROLES, jobNodeResolvers, jobResolvers, JobRunResolver, RetryJobResult } from './job-run.resolver.js';
export { JobRun, JobRunConnection, JobKindValue, JobStatusValue, JOB_NODE_TYPE, type JobRunRow } from './job-run.types.js';
export { JobRunService } from './job-run.service.js';
