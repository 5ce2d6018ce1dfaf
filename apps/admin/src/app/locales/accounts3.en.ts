/** Accounts third pass: team membership, the platform's agencies, parties, queue filters. */
export const accounts3En = {
  teamMembers: {
    edit: 'Members',
    title: 'Members of {{name}}',
    saved: 'Members saved',
    removeHint: 'A member you remove stops seeing the team’s accounts at once; their share goes back to the team’s pool.',
  },
  agencies3: {
    status: 'Status',
    active: 'Active',
    suspended: 'Suspended',
    users: 'Users (active / all)',
    clients: 'Banks',
    accounts: 'Accounts (active / all)',
    suspend: 'Suspend',
    suspendConfirm: 'Suspend {{name}}? Its users are signed out and cannot sign in until it is reactivated.',
    suspendedDone: 'Agency suspended',
    reactivate: 'Reactivate',
    reactivated: 'Agency reactivated',
  },
  parties: {
    title: 'Parties',
    role: 'Role',
    name: 'Name',
    relation: 'Relation to the debtor',
    phone: 'Phone',
    roles: { debtor: 'Debtor', co_borrower: 'Co-borrower', guarantor: 'Guarantor', third_party: 'Emergency contact' },
    relations: { spouse: 'Spouse', parent: 'Parent', child: 'Child', sibling: 'Sibling', relative: 'Relative', friend: 'Friend', colleague: 'Colleague', employer: 'Employer', other: 'Other' },
  },
  queueFilter: {
    search: 'Name, reference or phone’s last digits',
    buckets: 'Buckets',
    promiseDueToday: 'Promise due today',
    holdAny: 'As the queue shows',
    held: 'Held only',
    notHeld: 'Not held',
  },
};
