// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "keyfile.h"

static EVP_PKEY *read_pem(const char *path, bool priv, const char **why)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;

	if (!f) {
		*why = strerror(errno);
		return NULL;
	}
	k = priv ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
		 : PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!k) {
		*why = priv ? "not a PEM private key" : "not a PEM public key";
		return NULL;
	}
	if (EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(k);
		*why = "not an Ed25519 key";
		return NULL;
	}
	return k;
}

EVP_PKEY *zs_key_load_private(const char *path, const char **why)
{
	return read_pem(path, true, why);
}

int zs_key_load_public(const char *path, uint8_t raw[IKE_ED25519_PUB_LEN],
		       const char **why)
{
	EVP_PKEY *k = read_pem(path, false, why);
	size_t len = IKE_ED25519_PUB_LEN;
	int ret = 0;

	if (!k)
		return -1;
	if (EVP_PKEY_get_raw_public_key(k, raw, &len) != 1 ||
	    len != IKE_ED25519_PUB_LEN) {
		*why = "cannot extract the raw public key";
		ret = -1;
	}
	EVP_PKEY_free(k);
	return ret;
}

int zs_key_generate(const char *path, const char **why)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	FILE *f;
	int fd, ok;

	if (!k) {
		*why = "key generation failed";
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		*why = strerror(errno);
		if (fd >= 0)
			close(fd);
		EVP_PKEY_free(k);
		return -1;
	}
	ok = PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
	ok = (fclose(f) == 0) && ok;
	EVP_PKEY_free(k);
	if (!ok) {
		*why = "write failed";
		unlink(path);
		return -1;
	}
	return 0;
}

int zs_key_print_public(const char *path, const char **why)
{
	EVP_PKEY *k = zs_key_load_private(path, why);
	int ok;

	if (!k)
		return -1;
	ok = PEM_write_PUBKEY(stdout, k);
	EVP_PKEY_free(k);
	if (!ok) {
		*why = "write failed";
		return -1;
	}
	return 0;
}
