// SPDX-License-Identifier: GPL-2.0-or-later
/* Ed25519 key files: PKCS#8 PEM private keys, SubjectPublicKeyInfo PEM
 * public keys (what `openssl genpkey -algorithm ed25519` and strongSwan use). */
#ifndef ZS_KEYFILE_H
#define ZS_KEYFILE_H

#include <openssl/evp.h>

#include "ikev2.h"

/* NULL with a reason in *why. */
EVP_PKEY *zs_key_load_private(const char *path, const char **why);
/* 0, or -1 with a reason in *why. */
int zs_key_load_public(const char *path, uint8_t raw[IKE_ED25519_PUB_LEN],
		       const char **why);
/* Writes a new private key, mode 0600, refusing to overwrite. */
int zs_key_generate(const char *path, const char **why);
/* Prints the public key of a private key file as PEM on stdout. */
int zs_key_print_public(const char *path, const char **why);

#endif /* ZS_KEYFILE_H */
