// The exit codes every metallab subcommand shares.
#ifndef METALLAB_CLI_OFFLINE_EXIT_CODE_H_
#define METALLAB_CLI_OFFLINE_EXIT_CODE_H_

#include "core/manifest/diagnostics.h"

namespace metallab::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitInvalidInput = 1,  // the inputs were read but are not valid
  kExitUnreadable = 2,    // an input could not be read, or the command line is wrong
};

// Prints every diagnostic to stderr, one per line, and returns the exit code they imply.
int ReportDiagnostics(const manifest::Diagnostics& diagnostics);

}  // namespace metallab::cli

#endif  // METALLAB_CLI_OFFLINE_EXIT_CODE_H_
