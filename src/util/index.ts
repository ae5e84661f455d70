/** Small helpers every layer may use; they depend on nothing. */
export { errorMessage, firstLineOf } from './error-message';
export { escapeUnsafe, quoteText } from './quote-text';
export { MAX_MESSAGE, userMessage } from './user-message';
