/** Projected content (explicit ws) as float32 base64url text: the authoring package's codec, one rule for links and project files. */
export { decodeWs, encodeWs, wsDigest } from '../../../authoring';
