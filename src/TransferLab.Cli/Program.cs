using TransferLab.Cli;

SignalHandling.Install();
return new CliRoot().Invoke(args);
