#ifndef CNEWSD_SHIM_H
#define CNEWSD_SHIM_H

// The smallest C shim for what Swift cannot call directly: libcurl's variadic
// curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt (one typed function per
// argument kind), and socket calls whose types Swift does not import (ucred).
// Every function carries the prefix CNewsdShim_.

#include <curl/curl.h>
#include <sys/types.h>

CURLcode CNewsdShim_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode CNewsdShim_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode CNewsdShim_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode CNewsdShim_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode CNewsdShim_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode CNewsdShim_curl_easy_setopt_write_function(CURL *handle, CURLoption option,
                                                    curl_write_callback callback);
CURLcode CNewsdShim_curl_easy_setopt_opensocket_function(CURL *handle,
                                                         curl_opensocket_callback callback);
CURLcode CNewsdShim_curl_easy_setopt_xferinfo_function(CURL *handle,
                                                       curl_xferinfo_callback callback);

CURLcode CNewsdShim_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode CNewsdShim_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode CNewsdShim_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode CNewsdShim_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

CURLMcode CNewsdShim_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);

/// The peer's process credentials on a connected Unix socket (SO_PEERCRED).
/// Returns 0 on success, -1 with errno set on failure.
int CNewsdShim_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/// accept4(2), which Swift's Glibc module does not import. Returns the descriptor or -1.
int CNewsdShim_accept4_cloexec(int fd);

#endif
