// microcred/pkcs11: signing with keys held in an HSM or token. Its own entry because it loads the
// optional native addon `pkcs11js`; nothing else in microcred depends on it.
export {
  type GeneratedPkcs11KeyPair,
  type GeneratePkcs11KeyPairOptions,
  generatePkcs11KeyPair,
  type OpenPkcs11SignerOptions,
  openPkcs11Signer,
  type Pkcs11Signer,
  type Pkcs11TokenOptions,
} from './pkcs11-signer.js'
