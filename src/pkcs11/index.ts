// microcred/pkcs11: signing with keys held in an HSM or token. Its own entry because it loads the
// native addon `pkcs11js`, an optional peer dependency loaded when a signer is opened; nothing else in
// microcred depends on it.
export {
  type GeneratedPkcs11KeyPair,
  type GeneratePkcs11KeyPairOptions,
  generatePkcs11KeyPair,
  type OpenPkcs11SignerOptions,
  openPkcs11Signer,
  type Pkcs11Signer,
  type Pkcs11TokenOptions,
} from './pkcs11-signer.js'
