// What the codec must know about the session a message travels on. The same bytes mean
// different things on different sessions: an AS_PATH holds 2- or 4-octet AS numbers depending
// on whether both OPENs carried the 4-octet AS capability (RFC 6793), and LOCAL_PREF is only
// meaningful between internal peers (RFC 4271 §5.1.5, RFC 7606 §7.5).
#ifndef METALLAB_CORE_BGP_CODEC_CONTEXT_H_
#define METALLAB_CORE_BGP_CODEC_CONTEXT_H_

namespace metallab::bgp {

struct CodecContext {
  // Both speakers advertised the 4-octet AS capability.
  bool four_octet_as = true;
  // The peer is in our AS.
  bool is_ibgp = false;
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_CODEC_CONTEXT_H_
