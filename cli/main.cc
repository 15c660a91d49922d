// metallab: MetalLB's behaviour, reproduced. This is the command-line front end.
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/explain_command.h"
#include "cli/offline/allocate_command.h"
#include "cli/offline/convert_command.h"
#include "cli/offline/exit_code.h"
#include "cli/offline/validate_command.h"
#include "cli/params_command.h"
#include "cli/run_command.h"
#include "cli/sweep_command.h"

int main(int argc, char** argv) {
  using namespace metallab::cli;
  CLI::App app{
      "metallab: reproduce MetalLB's address allocation and announcement behaviour, "
      "deterministically."};
  app.name("metallab");  // not argv[0]: help text must not depend on where the binary lives
  app.require_subcommand(1);
  app.set_version_flag("--version", "metallab 0.1.0");

  int exit_code = kExitOk;
  ValidateCommand validate;
  ConvertCommand convert;
  AllocateCommand allocate;
  RunCommand run;
  ExplainCommand explain;
  ParamsCommand params;
  SweepCommand sweep;
  MergeCommand merge;
  validate.Register(app, exit_code);
  convert.Register(app, exit_code);
  allocate.Register(app, exit_code);
  run.Register(app, exit_code);
  explain.Register(app, exit_code);
  params.Register(app, exit_code);
  sweep.Register(app, exit_code);
  merge.Register(app, exit_code);

  // CLI11 answers an unknown first word with "A subcommand is required", as if none was given.
  if (argc > 1 && argv[1][0] != '-') {
    std::string known;
    bool found = false;
    for (const CLI::App* command : app.get_subcommands({})) {
      found = found || command->get_name() == argv[1];
      known += (known.empty() ? "" : ", ") + command->get_name();
    }
    if (!found) {
      std::cerr << "metallab: unknown subcommand \"" << argv[1] << "\" (the subcommands are "
                << known << ")\nRun with --help for more information.\n";
      return kExitUnreadable;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    // CLI11 returns 0 for --help and --version; any other parse error is a usage error.
    return code == 0 ? kExitOk : kExitUnreadable;
  } catch (const std::bad_alloc&) {
    // An input within every limit can still need more memory than the machine grants.
    std::cerr << "metallab: out of memory: the input needs more memory than this process may "
                 "use\n";
    return kExitUnreadable;
  } catch (const std::exception& error) {
    // Nothing below is expected to throw: bad input is a located diagnostic. Reaching here is a
    // bug in metallab; say so instead of aborting.
    std::cerr << "metallab: internal error (a bug in metallab, please report it): " << error.what()
              << '\n';
    return kExitUnreadable;
  }
  return exit_code;
}
