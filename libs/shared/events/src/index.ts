export { emitEvent, emitEvents, onEvent, type DomainEvent, type EventConsumer } from './outbox.js';
