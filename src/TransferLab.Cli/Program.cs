using TransferLab.Cli;

SignalHandling.Install();
return CliRoot.Run(args);
