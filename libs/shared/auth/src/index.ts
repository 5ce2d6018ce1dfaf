export { TokenService, InvalidTokenError, type IssuedToken } from './token.service.js';
export { hashPassword, verifyPassword, checkPassword, DUMMY_PASSWORD_HASH, PASSWORD_POLICY, checkPasswordPolicy, passwordPolicyReason, type PasswordCheck, type PasswordPolicyReason } from './passwords.js';
export { bearerToken } from './bearer.js';
