import {
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  DashboardOutlined,
  ExclamationCircleOutlined,
  FileSearchOutlined,
  InboxOutlined,
  RollbackOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ROLES, type Role } from './roles';

/**
 * The route table. Each area adds its pages here: a path, the roles that may use it and,
 * for pages in the navigation, a label key and an icon. Pages are loaded lazily, so the
 * login page never pays for them.
 */
export interface AppRoute {
  path: string;
  roles: readonly Role[];
  nav?: { labelKey: string; icon: ReactNode };
  Component: LazyExoticComponent<ComponentType>;
}

const PlatformHome = lazy(() => import('../areas/agency-admin/PlatformHomePage'));
const ClientsPage = lazy(() => import('../areas/agency-admin/ClientsPage'));
const UsersPage = lazy(() => import('../areas/agency-admin/UsersPage'));
const AccountsPage = lazy(() => import('../areas/accounts/AccountsPage'));
const PlacementUploadPage = lazy(() => import('../areas/accounts/PlacementUploadPage'));
const QueuePage = lazy(() => import('../areas/queue/QueuePage'));
const AccountPage = lazy(() => import('../areas/queue/AccountPage'));
const PortfolioPage = lazy(() => import('../areas/bank/PortfolioPage'));
const BankAccountsPage = lazy(() => import('../areas/bank/BankAccountsPage'));
const PlacementsPage = lazy(() => import('../areas/bank/PlacementsPage'));
const RecallsPage = lazy(() => import('../areas/bank/RecallsPage'));
const CasesPage = lazy(() => import('../areas/legal/CasesPage'));
const ComplaintsPage = lazy(() => import('../areas/complaints/ComplaintsPage'));
const ComplaintPage = lazy(() => import('../areas/complaints/ComplaintPage'));
const ApprovalsPage = lazy(() => import('../areas/payments/ApprovalsPage'));
const CollectionsPage = lazy(() => import('../areas/payments/CollectionsPage'));
const PaymentFilePage = lazy(() => import('../areas/payments/PaymentFilePage'));
const CasePage = lazy(() => import('../areas/legal/CasePage'));
const CandidatesPage = lazy(() => import('../areas/legal/CandidatesPage'));
const LawFirmsPage = lazy(() => import('../areas/legal/LawFirmsPage'));
const AuthorisationsPage = lazy(() => import('../areas/legal/AuthorisationsPage'));
const JobsPage = lazy(() => import('../areas/operations/JobsPage'));
const PlacementExpiryPage = lazy(() => import('../areas/accounts/PlacementExpiryPage'));
const TeamsPage = lazy(() => import('../areas/accounts/TeamsPage'));
const ContactCompliancePage = lazy(() => import('../areas/contact/ContactCompliancePage'));
const ContactPolicyPage = lazy(() => import('../areas/contact/ContactPolicyPage'));
const WebhooksPage = lazy(() => import('../areas/webhooks/WebhooksPage'));
const ChangePasswordPage = lazy(() => import('../areas/login/ChangePasswordPage'));
const TemplatesPage = lazy(() => import('../areas/contact/letters/TemplatesPage'));
const LetterRegisterPage = lazy(() => import('../areas/contact/letters/LetterRegisterPage'));
const VisitsPage = lazy(() => import('../areas/visits/VisitsPage'));
const OutcomesPage = lazy(() => import('../areas/visits/OutcomesPage'));

export const ROUTES: AppRoute[] = [
  { path: '/platform', roles: ['PLATFORM_ADMIN'], nav: { labelKey: 'nav.platform', icon: <DashboardOutlined /> }, Component: PlatformHome },
  { path: '/admin/clients', roles: ['AGENCY_ADMIN'], nav: { labelKey: 'nav.clients', icon: <BankOutlined /> }, Component: ClientsPage },
  { path: '/admin/users', roles: ['AGENCY_ADMIN'], nav: { labelKey: 'nav.users', icon: <TeamOutlined /> }, Component: UsersPage },
  { path: '/accounts', roles: ['SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'nav.accounts', icon: <UnorderedListOutlined /> }, Component: AccountsPage },
  { path: '/placements/upload', roles: ['SUPERVISOR'], nav: { labelKey: 'nav.placementUpload', icon: <CloudUploadOutlined /> }, Component: PlacementUploadPage },
  { path: '/jobs', roles: ['SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'nav.jobs', icon: <ClusterOutlined /> }, Component: JobsPage },
  { path: '/queue', roles: ['COLLECTOR'], nav: { labelKey: 'nav.queue', icon: <SolutionOutlined /> }, Component: QueuePage },
  { path: '/accounts/:id', roles: ['SUPERVISOR', 'AGENCY_ADMIN', 'COLLECTOR', 'CLIENT_USER'], Component: AccountPage },
  { path: '/bank', roles: ['CLIENT_USER'], nav: { labelKey: 'nav.portfolio', icon: <DashboardOutlined /> }, Component: PortfolioPage },
  { path: '/bank/accounts', roles: ['CLIENT_USER'], nav: { labelKey: 'nav.bankAccounts', icon: <FileSearchOutlined /> }, Component: BankAccountsPage },
  { path: '/bank/placements', roles: ['CLIENT_USER'], nav: { labelKey: 'nav.placements', icon: <InboxOutlined /> }, Component: PlacementsPage },
  { path: '/teams', roles: ['SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'teams.title', icon: <TeamOutlined /> }, Component: TeamsPage },
  { path: '/placements/expiring', roles: ['SUPERVISOR', 'AGENCY_ADMIN', 'CLIENT_USER'], nav: { labelKey: 'expiry.title', icon: <RollbackOutlined /> }, Component: PlacementExpiryPage },
  { path: '/webhooks', roles: ['CLIENT_USER', 'AGENCY_ADMIN'], nav: { labelKey: 'webhooks.nav', icon: <ApiOutlined /> }, Component: WebhooksPage },
  { path: '/bank/recalls', roles: ['CLIENT_USER'], nav: { labelKey: 'nav.recalls', icon: <RollbackOutlined /> }, Component: RecallsPage },
  { path: '/complaints', roles: ['SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'complaints.nav', icon: <ExclamationCircleOutlined /> }, Component: ComplaintsPage },
  { path: '/complaints/:id', roles: ['SUPERVISOR', 'AGENCY_ADMIN', 'COLLECTOR'], Component: ComplaintPage },
  { path: '/bank/complaints', roles: ['CLIENT_USER'], nav: { labelKey: 'complaints.nav', icon: <ExclamationCircleOutlined /> }, Component: ComplaintsPage },
  { path: '/bank/complaints/:id', roles: ['CLIENT_USER'], Component: ComplaintPage },
  { path: '/approvals', roles: ['SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'payments.nav.approvals', icon: <AuditOutlined /> }, Component: ApprovalsPage },
  { path: '/bank/approvals', roles: ['CLIENT_USER'], nav: { labelKey: 'payments.nav.approvals', icon: <AuditOutlined /> }, Component: ApprovalsPage },
  { path: '/bank/collections', roles: ['CLIENT_USER', 'SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'payments.nav.collections', icon: <DashboardOutlined /> }, Component: CollectionsPage },
  { path: '/payments/upload', roles: ['SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'payments.nav.paymentFiles', icon: <CloudUploadOutlined /> }, Component: PaymentFilePage },
  { path: '/legal/cases', roles: ['LAWYER', 'SUPERVISOR', 'AGENCY_ADMIN', 'CLIENT_USER'], nav: { labelKey: 'legal.nav.cases', icon: <AuditOutlined /> }, Component: CasesPage },
  { path: '/legal/cases/:id', roles: ['LAWYER', 'SUPERVISOR', 'AGENCY_ADMIN', 'CLIENT_USER'], Component: CasePage },
  { path: '/legal/candidates', roles: ['SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'legal.nav.candidates', icon: <FileSearchOutlined /> }, Component: CandidatesPage },
  { path: '/legal/firms', roles: ['AGENCY_ADMIN', 'SUPERVISOR'], nav: { labelKey: 'legal.nav.lawFirms', icon: <BankOutlined /> }, Component: LawFirmsPage },
  { path: '/bank/authorisations', roles: ['CLIENT_USER'], nav: { labelKey: 'legal.nav.authorisations', icon: <AuditOutlined /> }, Component: AuthorisationsPage },
  { path: '/contact/compliance', roles: ['SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'contact.compliance.title', icon: <AuditOutlined /> }, Component: ContactCompliancePage },
  { path: '/contact/policy', roles: ['AGENCY_ADMIN'], nav: { labelKey: 'contact.policy.title', icon: <SolutionOutlined /> }, Component: ContactPolicyPage },
  { path: '/visits', roles: ['COLLECTOR', 'SUPERVISOR', 'AGENCY_ADMIN'], nav: { labelKey: 'visits.nav', icon: <SolutionOutlined /> }, Component: VisitsPage },
  { path: '/contact/outcomes', roles: ['AGENCY_ADMIN'], nav: { labelKey: 'outcomes.nav', icon: <UnorderedListOutlined /> }, Component: OutcomesPage },
  { path: '/legal/cases', roles: ['LAWYER'], nav: { labelKey: 'nav.cases', icon: <AuditOutlined /> }, Component: CasesPage },
  { path: '/account/password', roles: ROLES, Component: ChangePasswordPage },
  { path: '/contact/templates', roles: ['AGENCY_ADMIN', 'SUPERVISOR'], nav: { labelKey: 'letters.templates.title', icon: <FileSearchOutlined /> }, Component: TemplatesPage },
  { path: '/bank/templates', roles: ['CLIENT_USER'], nav: { labelKey: 'letters.templates.title', icon: <FileSearchOutlined /> }, Component: TemplatesPage },
  { path: '/contact/letters', roles: ['AGENCY_ADMIN', 'SUPERVISOR', 'CLIENT_USER'], nav: { labelKey: 'letters.register.title', icon: <InboxOutlined /> }, Component: LetterRegisterPage },
];

/** Where each role lands after signing in. */
export const HOME: Record<Role, string> = {
  PLATFORM_ADMIN: '/platform',
  AGENCY_ADMIN: '/admin/users',
  SUPERVISOR: '/accounts',
  COLLECTOR: '/queue',
  CLIENT_USER: '/bank',
  LAWYER: '/legal/cases',
};

export function navigationFor(role: Role | null): AppRoute[] {
  if (!role) return [];
  return ROUTES.filter((r) => r.nav && r.roles.includes(role));
}

/** Whether a role may open a concrete path (used to honour a deep link after sign-in). */
export function canOpen(role: Role, pathname: string): boolean {
  return ROUTES.some((r) => r.roles.includes(role) && matches(r.path, pathname));
}

function matches(pattern: string, pathname: string): boolean {
  const a = pattern.split('/').filter(Boolean);
  const b = pathname.split('/').filter(Boolean);
  return a.length === b.length && a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
}
