export const TEMPLATE_DATABASE = 'arrears_template';
export const TEST_PASSWORDS = { owner: 'owner-test-password', app: 'app-test-password', worker: 'worker-test-password' };
