export { emitEvent, emitEvents, type DomainEvent } from './outbox.js';
