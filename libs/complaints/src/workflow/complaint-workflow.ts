/**
 * The complaint's life: received → acknowledged → investigating → resolved → closed, withdrawn by the
 * complainant at any open step, reopened after a decision. Pure, so the rules are tested without a
 * database and every refusal has a stable code.
 */
export const COMPLAINT_STATUSES = ['received', 'acknowledged', 'investigating', 'resolved', 'closed', 'withdrawn'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_ACTIONS = ['acknowledge', 'investigate', 'resolve', 'close', 'withdraw', 'reopen', 'extend', 'assign'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

export const OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type ComplaintOutcome = (typeof OUTCOMES)[number];

/** Statuses in which the complaint is undecided: its clocks run. */
export const UNDECIDED: readonly ComplaintStatus[] = ['received', 'acknowledged', 'investigating'];
/** Statuses in which the complaint holds its account (a resolved complaint holds until it is closed). */
export const HOLDING: readonly ComplaintStatus[] = ['received', 'acknowledged', 'investigating', 'resolved'];

const TRANSITIONS: Record<ComplaintAction, { from: readonly ComplaintStatus[]; to: ComplaintStatus | null }> = {
  acknowledge: { from: ['received'], to: 'acknowledged' },
  investigate: { from: ['acknowledged'], to: 'investigating' },
  resolve: { from: ['investigating'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  withdraw: { from: UNDECIDED, to: 'withdrawn' },
  reopen: { from: ['resolved', 'closed', 'withdrawn'], to: 'investigating' },
  // Not transitions: they keep the status but are only allowed while undecided.
  extend: { from: UNDECIDED, to: null },
  assign: { from: HOLDING, to: null },
};

export interface WorkflowRefusal {
  code: 'ILLEGAL_TRANSITION' | 'HANDLER_IS_SUBJECT' | 'ROOT_CAUSE_REQUIRED' | 'OUTCOME_REQUIRED';
  message: string;
}

export type WorkflowDecision = { ok: true; to: ComplaintStatus } | ({ ok: false } & WorkflowRefusal);

export interface WorkflowInput {
  action: ComplaintAction;
  status: ComplaintStatus;
  /** Who does it, and who the complaint is against (the recusal rule). */
  actorId: string;
  againstUserId: string | null;
  /** For `resolve`. */
  outcome?: ComplaintOutcome | null;
  rootCause?: string | null;
}

/** Whether `action` may happen now, and the status it leads to. */
export function decide(input: WorkflowInput): WorkflowDecision {
  const rule = TRANSITIONS[input.action];
  if (!rule.from.includes(input.status)) {
    return { ok: false, code: 'ILLEGAL_TRANSITION', message: `A ${input.status} complaint cannot be ${PAST[input.action]}; allowed from ${rule.from.join(', ')}` };
  }
  if (input.againstUserId && input.actorId === input.againstUserId && input.action !== 'withdraw') {
    return { ok: false, code: 'HANDLER_IS_SUBJECT', message: 'The person complained against cannot handle the complaint' };
  }
  if (input.action === 'resolve') {
    if (!input.outcome) return { ok: false, code: 'OUTCOME_REQUIRED', message: 'Say whether the complaint is upheld, partly upheld or not upheld' };
    // Every decided complaint names why it happened (or why nothing went wrong): that feeds the root-cause report.
    if (!input.rootCause?.trim()) return { ok: false, code: 'ROOT_CAUSE_REQUIRED', message: 'Record the root cause before resolving' };
  }
  return { ok: true, to: rule.to ?? input.status };
}

/** A handler may be anyone on staff except the person complained against. */
export function handlerProblem(handlerId: string, againstUserId: string | null): WorkflowRefusal | null {
  return againstUserId && handlerId === againstUserId ? { code: 'HANDLER_IS_SUBJECT', message: 'The person complained against cannot handle the complaint' } : null;
}

const PAST: Record<ComplaintAction, string> = {
  acknowledge: 'acknowledged',
  investigate: 'put under investigation',
  resolve: 'resolved',
  close: 'closed',
  withdraw: 'withdrawn',
  reopen: 'reopened',
  extend: 'extended',
  assign: 'reassigned',
};

export function isHolding(status: ComplaintStatus): boolean {
  return HOLDING.includes(status);
}

export function isUndecided(status: ComplaintStatus): boolean {
  return UNDECIDED.includes(status);
}

const OUTCOME_TEXT: Record<ComplaintOutcome, { en: string; zh: string }> = {
  upheld: { en: 'upheld', zh: '成立' },
  partly_upheld: { en: 'partly upheld', zh: '部分成立' },
  not_upheld: { en: 'not upheld', zh: '不成立' },
};

/** Where a complainant may turn next, by the regulatory regime of the client's clock preset. */
export const REDRESS_CHANNELS: Record<string, { en: string; zh: string }[]> = {
  cn: [
    { en: 'the bank that owns the debt (its customer-service hotline)', zh: '委托银行客服热线' },
    { en: 'the financial regulator’s consumer hotline 12378', zh: '国家金融监督管理总局消费者投诉热线 12378' },
    { en: 'mediation by a financial dispute mediation organisation', zh: '金融纠纷调解组织调解' },
    { en: 'arbitration or a lawsuit', zh: '仲裁或向人民法院提起诉讼' },
  ],
  us_cfpb: [
    { en: 'the creditor', zh: '债权人' },
    { en: 'the Consumer Financial Protection Bureau (consumerfinance.gov/complaint)', zh: '美国消费者金融保护局（CFPB）' },
    { en: 'your state attorney general', zh: '所在州检察长' },
  ],
  uk_fca: [
    { en: 'the creditor', zh: '债权人' },
    { en: 'the Financial Ombudsman Service within six months of this final response', zh: '在本最终答复后六个月内向金融申诉专员服务（FOS）申诉' },
  ],
};

/** The outcome notice sent to the complainant: the decision, the remedy, and the further channels of redress. */
export function outcomeNotice(input: { reference: string; outcome: ComplaintOutcome; remedy: string | null; preset: string }): string {
  const channels = REDRESS_CHANNELS[input.preset] ?? REDRESS_CHANNELS.cn;
  const o = OUTCOME_TEXT[input.outcome];
  const lines = [
    `投诉编号 ${input.reference}：经调查，您的投诉${o.zh}。`,
    input.remedy?.trim() ? `处理措施：${input.remedy.trim()}` : null,
    `如您对处理结果不满意，可通过以下渠道继续反映：${channels.map((c) => c.zh).join('；')}。`,
    `Complaint ${input.reference}: after investigation your complaint is ${o.en}.`,
    input.remedy?.trim() ? `Remedy: ${input.remedy.trim()}` : null,
    `If you are not satisfied, you may turn to: ${channels.map((c) => c.en).join('; ')}.`,
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}
