export { TokenService, InvalidTokenError, type IssuedToken } from './token.service.js';
export { hashPassword, verifyPassword, PASSWORD_POLICY, checkPasswordPolicy } from './passwords.js';
export { bearerToken } from './bearer.js';
