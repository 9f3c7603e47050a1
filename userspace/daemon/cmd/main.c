// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesecd(8): reads zonesec.conf, opens the IKE sockets and the kernel
 * backend, and runs the event loop: datagrams and timers into the
 * instance (zsd.c), signals to a clean exit that deletes our SAs.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "keyfile.h"
#include "log.h"
#include "net.h"
#include "zsd.h"

#define DEFAULT_CONF "/etc/zonesec/zonesec.conf"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: zonesecd [-f] [-v]... [-c FILE]\n"
		"       zonesecd -t [-c FILE]     check the configuration and exit\n"
		"       zonesecd --genkey FILE    write a new Ed25519 private key (0600)\n"
		"       zonesecd --pubkey FILE    print the public key of a private key\n"
		"  -c, --config FILE   configuration (default " DEFAULT_CONF ")\n"
		"  -f, --foreground    stay in the foreground, log to stderr\n"
		"  -v, --verbose       more log (info, then debug)\n"
		"  -i, --initiate NAME start that tunnel now, whatever its start =\n");
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int sigfd_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void log_drops(const struct zsd *d)
{
	for (unsigned int i = 1; i < ZS_DROP__MAX; i++)
		if (d->drops[i])
			log_info("dropped %llu message(s): %s",
				 (unsigned long long)d->drops[i], zs_drop_name(i));
}

/*
 * Reload: a new file is read and checked whole, its [firewall] loaded
 * in one step; only then does the instance move to it.  Any error leaves
 * everything as it runs.  0, or -1 with the reason logged.
 *
 * `tunnel add` and `tunnel del` are reloads too, with one drop-in more
 * (its text, checked before it is written) or one less (the file is
 * removed only once the rest has loaded): what runs after them is what
 * a restart would read.
 */
struct daemon {
	struct zsd *d;
	const char *path;
	struct zs_conf **conf;
};

/* The new configuration, checked against what cannot change; NULL with
 * the reason in err. */
static struct zs_conf *load_new(struct daemon *dm,
				const struct zs_conf_extra *x, char *err,
				size_t len)
{
	const struct kernel_ops *kops;
	char fw[ZS_CONF_ERR_MAX];
	struct zs_conf *c;
	const char *why = "";

	err[0] = '\0';
	if (zs_conf_load_extra(dm->path, x, &c, err, len))
		return NULL;
	if ((kops = kernel_lookup(c->kernel, &why)) != dm->d->kops)
		snprintf(err, len, "%s: kernel = %s: the backend changes only "
			 "with a restart", dm->path, c->kernel);
	else if (strcmp(c->control, (*dm->conf)->control))
		snprintf(err, len, "%s: control = %s: the control socket "
			 "moves only with a restart", dm->path, c->control);
	else if (kernel_fw_load(c, fw, sizeof(fw)))
		snprintf(err, len, "%s: %s", dm->path, fw);
	if (err[0]) {
		zs_conf_free(c);
		return NULL;
	}
	return c;
}

static void use_conf(struct daemon *dm, struct zs_conf *c)
{
	zsd_reconfigure(dm->d, c);
	zs_conf_free(*dm->conf);
	*dm->conf = c;
}

static int reload(void *arg, char *out, size_t len)
{
	struct daemon *dm = arg;
	char err[ZS_CONF_ERR_MAX + PATH_MAX];
	struct zs_conf *c = load_new(dm, NULL, err, sizeof(err));

	if (!c) {
		log_err("reload refused, nothing changed: %s", err);
		snprintf(out, len, "reload refused, nothing changed: %s", err);
		return -1;
	}
	use_conf(dm, c);
	log_info("reloaded %s: %u tunnel(s)", dm->path, c->n_tun);
	return 0;
}

static int tunnel_add(void *arg, const char *name, const char *lines,
		      char *out, size_t len)
{
	struct daemon *dm = arg;
	const char *dir = (*dm->conf)->tunnels_dir;
	char err[ZS_CONF_ERR_MAX + PATH_MAX], path[PATH_MAX], label[64];
	struct zs_conf_extra x = { 0 };
	struct zs_conf *c;
	char *text;

	text = zs_conf_dropin_text(name, lines, err, sizeof(err));
	if (!text)
		goto refused;
	if (!dir[0] || zs_conf_dropin_path(dir, name, path)) {
		snprintf(err, sizeof(err), "no tunnels_dir for drop-ins");
		goto refused;
	}
	if (!access(path, F_OK)) {
		snprintf(err, sizeof(err), "%s exists", path);
		goto refused;
	}
	snprintf(label, sizeof(label), "tunnel add %s", name);
	x = (struct zs_conf_extra){ .text = text, .label = label, .path = path };
	c = load_new(dm, &x, err, sizeof(err));
	if (!c)
		goto refused;
	if (zs_conf_dropin_write(dir, name, text, err, sizeof(err))) {
		zs_conf_free(c);
		goto refused;
	}
	free(text);
	use_conf(dm, c);
	log_info("%s: added (%s)", name, path);
	return 0;
refused:
	free(text);
	log_err("tunnel add %s refused, nothing changed: %s", name, err);
	snprintf(out, len, "%s", err);
	return -1;
}

static int tunnel_del(void *arg, const char *name, char *out, size_t len)
{
	struct daemon *dm = arg;
	const struct zs_conf *old = *dm->conf;
	const struct zs_tunnel_conf *t = zs_conf_tunnel(old, name);
	char err[ZS_CONF_ERR_MAX + PATH_MAX];
	struct zs_conf_extra x = { 0 };
	const char *path;
	struct zs_conf *c;

	if (!t) {
		snprintf(err, sizeof(err), "no tunnel '%s'", name);
		goto refused;
	}
	path = old->src[t->src].path;
	if (!t->src || !path) {
		snprintf(err, sizeof(err), "tunnel %s is in %s: edit that file "
			 "and reload (del removes what add wrote)", name,
			 old->src[t->src].label);
		goto refused;
	}
	for (unsigned int i = 0; i < old->n_tun; i++)
		if (old->tun[i].src == t->src && &old->tun[i] != t) {
			snprintf(err, sizeof(err), "%s holds tunnel %s too: "
				 "edit it and reload", path, old->tun[i].name);
			goto refused;
		}
	x.skip = path;
	c = load_new(dm, &x, err, sizeof(err));
	if (!c)
		goto refused;
	if (zs_conf_dropin_remove(path, err, sizeof(err))) {
		zs_conf_free(c);
		goto refused;
	}
	log_info("%s: deleted (%s removed)", name, path);
	use_conf(dm, c);
	zsd_tunnel_forget(dm->d, name);
	return 0;
refused:
	log_err("tunnel del %s refused, nothing changed: %s", name, err);
	snprintf(out, len, "%s", err);
	return -1;
}

static int loop(struct zsd *d, struct zs_net *net, int sfd, const char *path,
		struct zs_conf **conf, int cfd)
{
	struct daemon dm = { d, path, conf };
	struct zs_ctl_ops ops = { reload, tunnel_add, tunnel_del, &dm };
	char err[ZS_CONF_ERR_MAX];
	static uint8_t buf[IKE_MSG_MAX + 1];
	struct pollfd pfd[5] = {
		{ .fd = net->fd[0], .events = POLLIN },
		{ .fd = net->fd[1], .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
		{ .fd = d->kops->event_fd ? d->kops->event_fd(d->kctx) : -1,
		  .events = POLLIN },
		{ .fd = cfd, .events = POLLIN },
	};

	for (;;) {
		int timeout = zsd_tick(d, now_ms());

		if (poll(pfd, 5, timeout) < 0 && errno != EINTR) {
			log_err("poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[2].revents) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGHUP) {
					reload(&dm, err, sizeof(err));
					continue;
				}
				log_info("signal %u: deleting SAs and exiting",
					 si.ssi_signo);
				return 0;
			}
		}
		if (pfd[4].fd >= 0 && pfd[4].revents) {
			d->now = now_ms();
			zs_ctl_serve(cfd, d, &ops);
		}
		if (pfd[3].fd >= 0 && pfd[3].revents) {
			d->now = now_ms();
			d->kops->event_read(d->kctx, zsd_kernel_event, d);
		}
		for (int i = 0; i < 2; i++) {
			struct zsd_addr local, remote;
			ssize_t n;

			if (pfd[i].fd < 0 || !(pfd[i].revents & POLLIN))
				continue;
			d->now = now_ms();
			/* one more octet than we accept: oversize is seen */
			while ((n = zs_net_recv(pfd[i].fd, buf, sizeof(buf),
						&local, &remote)) >= 0)
				zsd_input(d, &local, &remote, buf, (size_t)n);
		}
	}
}

static int run(const char *conf_path, bool foreground, bool check_only,
	       const char *initiate)
{
	char err[ZS_CONF_ERR_MAX], abs_path[PATH_MAX], ctl_path[108];
	const struct kernel_ops *kops;
	struct zs_conf *conf;
	struct zs_transport io;
	struct zs_net net;
	const char *why = NULL;
	void *kctx;
	struct zsd d;
	int sfd, cfd, ret, rc;

	if (zs_conf_load(conf_path, &conf, err, sizeof(err))) {
		fprintf(stderr, "zonesecd: %s\n", err);
		return 1;
	}
	/* a daemon runs from /: reloads need the whole path */
	if (realpath(conf_path, abs_path))
		conf_path = abs_path;
	kops = kernel_lookup(conf->kernel, &why);
	if (!kops) {
		fprintf(stderr, "zonesecd: %s: %s\n", conf_path, why);
		zs_conf_free(conf);
		return 1;
	}
	if (check_only) {
		printf("%s: ok, %u tunnel(s), kernel = %s%s\n", conf_path,
		       conf->n_tun, kops->name,
		       conf->fw ? ", [firewall]" : "");
		zs_conf_free(conf);
		return 0;
	}
	ret = kops->open(&kctx);
	if (ret) {
		fprintf(stderr, "zonesecd: kernel backend %s: %s\n", kops->name,
			strerror(-ret));
		zs_conf_free(conf);
		return 1;
	}
	if (kernel_fw_load(conf, err, sizeof(err))) {
		fprintf(stderr, "zonesecd: %s: %s\n", conf_path, err);
		kops->close(kctx);
		zs_conf_free(conf);
		return 1;
	}
	ret = zs_net_open(&net, IKE_PORT);
	if (ret) {
		fprintf(stderr, "zonesecd: UDP port %d: %s\n", IKE_PORT,
			strerror(-ret));
		kops->close(kctx);
		zs_conf_free(conf);
		return 1;
	}
	if (!foreground) {
		if (daemon(0, 0)) {
			perror("zonesecd: daemon");
			return 1;
		}
		zs_log_use_syslog();
	}
	sfd = sigfd_open();
	/* after daemon(): the socket is the running daemon's */
	snprintf(ctl_path, sizeof(ctl_path), "%s", conf->control);
	cfd = zs_ctl_open(ctl_path);
	if (cfd < 0)
		log_err("control socket %s: %s: zonesec tunnel and reload will "
			"not reach this daemon", ctl_path, strerror(-cfd));
	zs_net_transport(&net, &io);
	zsd_init(&d, conf, kops, kctx, &io, now_ms());
	log_info("started: %u tunnel(s), kernel = %s", conf->n_tun, kops->name);
	zsd_start(&d);
	if (initiate && zsd_initiate(&d, initiate))
		log_err("cannot initiate tunnel %s", initiate);
	rc = loop(&d, &net, sfd, conf_path, &conf, cfd);
	log_drops(&d);
	zsd_shutdown(&d, true);
	zs_net_close(&net);
	zs_ctl_close(cfd, ctl_path);
	kops->close(kctx);
	zs_conf_free(conf);
	close(sfd);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "check", no_argument, NULL, 't' },
		{ "initiate", required_argument, NULL, 'i' },
		{ "genkey", required_argument, NULL, 'G' },
		{ "pubkey", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *conf = DEFAULT_CONF, *initiate = NULL, *why = NULL;
	bool foreground = false, check = false;
	int c;

	zs_log_max = ZS_LOG_WARN;
	while ((c = getopt_long(argc, argv, "c:fvti:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': conf = optarg; break;
		case 'f': foreground = true; break;
		case 'v':
			if (zs_log_max < ZS_LOG_DEBUG)
				zs_log_max++;
			break;
		case 't': check = true; break;
		case 'i': initiate = optarg; break;
		case 'G':
			if (zs_key_generate(optarg, &why)) {
				fprintf(stderr, "zonesecd: %s: %s\n", optarg, why);
				return 1;
			}
			return 0;
		case 'P':
			if (zs_key_print_public(optarg, &why)) {
				fprintf(stderr, "zonesecd: %s: %s\n", optarg, why);
				return 1;
			}
			return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "zonesecd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	return run(conf, foreground, check, initiate);
}
